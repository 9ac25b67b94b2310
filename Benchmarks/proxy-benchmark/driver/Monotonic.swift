import Glibc

/// Nanoseconds on the monotonic clock, and the CPU time this process has used.
enum Monotonic {
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// User plus system CPU time of the whole process (the load generator), in nanoseconds.
    static func processCPU() -> UInt64 {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func nanoseconds(_ time: timeval) -> UInt64 {
            UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_usec) * 1000
        }
        return nanoseconds(usage.ru_utime) + nanoseconds(usage.ru_stime)
    }
}

/// The phases of one leg: requests completed before `measureStart` are warm-up; the leg stops issuing at `end`.
struct LoadWindow: Sendable {
    let measureStart: UInt64
    let end: UInt64

    init(warmUpSeconds: Double, durationSeconds: Double) {
        let now = Monotonic.now()
        measureStart = now + UInt64(warmUpSeconds * 1e9)
        end = measureStart + UInt64(durationSeconds * 1e9)
    }

    var durationSeconds: Double { Double(end - measureStart) / 1e9 }
}

/// Recognises an image that cannot run with a read-only root filesystem, so that the runner can retry without one
/// and say so (HiveKeep never drops the hardening silently).
///
/// The protocol for the runner: create with ``ContainerSpec/readOnlyRootFilesystem`` true (the default); when the
/// container exits before it is ready and ``refused(exitCode:logs:)`` says yes, remove it, create it again with the
/// flag false, log a warning naming the workload and put "started with a writable root: the image writes outside
/// /tmp" in its `status_context`. A workload whose settings ask for a read-only root is not retried.
public enum ReadOnlyRoot {
    /// The message of `EROFS` in glibc, musl and busybox alike.
    static let marker = "read-only file system"

    /// Whether a container that exited with `exitCode` (its last log lines in `logs`) failed on a write to its
    /// read-only root: a non-zero exit whose output names `EROFS`.
    public static func refused(exitCode: Int, logs: String) -> Bool {
        exitCode != 0 && logs.lowercased().contains(marker)
    }
}

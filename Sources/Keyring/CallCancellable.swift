import CLibSecret

/// The `GCancellable *` every blocking libsecret call takes.
typealias GCancellablePointer = UnsafeMutablePointer<GCancellable>

/// Owns a `GCancellable` shared by a worker thread and the deadline timer; released when both are done with it.
final class CallCancellable: @unchecked Sendable {
    // @unchecked: the pointer never changes, and GCancellable is documented as safe to cancel from any thread.
    let pointer: GCancellablePointer

    /// Creates a cancellable, or returns nil when GLib cannot.
    init?() {
        guard let pointer = g_cancellable_new() else {
            return nil
        }
        self.pointer = pointer
    }

    /// Cancels the libsecret call using this cancellable, so a stuck D-Bus call returns early.
    func cancel() {
        g_cancellable_cancel(pointer)
    }

    deinit {
        g_object_unref(pointer)
    }
}

import Foundation
import HiveKeepTestSupport

/// A local HTTPS server (Python's http.server wrapped in TLS) with a certificate from a throwaway test CA, for
/// registry URL tests that never touch the internet. Serves files from `root`; `/redirect-private` answers a
/// redirect to a private address and `/redirect-relative` a redirect to `/registry.json`. A `cursor` query
/// parameter selects the file `<path>.<cursor>` (with every character but letters and digits made `_`), so that
/// cursor-paginated listings are files too.
final class TestHTTPSServer: Sendable {
    let root: String
    let caPath: String
    let port: Int
    private let process: ChildProcess

    static let script = """
        import http.server, re, ssl, sys, urllib.parse
        root, cert, key = sys.argv[1:4]
        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=root, **kwargs)
            def do_GET(self):
                targets = {'/redirect-private': 'https://10.0.0.1/registry.json',
                           '/redirect-relative': '/registry.json'}
                if self.path in targets:
                    self.send_response(302)
                    self.send_header('Location', targets[self.path])
                    self.end_headers()
                    return
                parts = urllib.parse.urlsplit(self.path)
                cursor = urllib.parse.parse_qs(parts.query).get('cursor')
                if cursor:
                    self.path = parts.path + '.' + re.sub('[^A-Za-z0-9]', '_', cursor[0])
                super().do_GET()
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    static let certificates = """
        set -e
        openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj '/CN=HiveKeep Test CA' \
          -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' 2>/dev/null
        openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj '/CN=localhost' 2>/dev/null
        printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n' \
          > ext.cnf
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 \
          -extfile ext.cnf 2>/dev/null
        """

    /// Creates the CA and server certificate in `directory`, then starts the server over `directory/www`.
    init(directory: TemporaryDirectory) async throws {
        let environment = ProcessInfo.processInfo.environment
        root = directory.child("www")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let tls = directory.child("tls")
        try FileManager.default.createDirectory(atPath: tls, withIntermediateDirectories: true)
        let make = try ChildProcess(
            "/bin/sh", ["-c", "cd '\(tls)' && " + Self.certificates], environment: environment, logDirectory: tls)
        guard try await make.wait() == 0 else { throw TestSupportError("openssl failed: \(make.errorOutput)") }
        caPath = tls + "/ca.pem"
        let scriptPath = tls + "/server.py"
        try Data(Self.script.utf8).write(to: URL(fileURLWithPath: scriptPath))
        process = try ChildProcess(
            "/usr/bin/env", ["python3", scriptPath, root, tls + "/server.pem", tls + "/server.key"],
            environment: environment, logDirectory: tls)
        let deadline = ContinuousClock.now + .seconds(20)
        while Int(process.output.trimmingCharacters(in: .whitespacesAndNewlines)) == nil {
            guard ContinuousClock.now < deadline, process.isRunning else {
                process.kill()
                throw TestSupportError("the test HTTPS server did not start: \(process.errorOutput)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        port = Int(process.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Places `data` at `name` under the served root; with `cursor`, where a request with that cursor finds it.
    func serve(_ data: Data, as name: String, cursor: String? = nil) throws {
        var path = root + "/" + name
        if let cursor {
            path += "." + String(cursor.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        }
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// The URL of `path` on this server, by host name.
    func url(_ path: String) -> String { "https://localhost:\(port)\(path)" }

    func stop() { process.kill() }
}

import Testing

@testable import HiveKeepContainers

/// How a failed pull is told apart: the registry wanting (valid) credentials, or the image not existing. The
/// messages are those Podman 4.3 and Docker 20.10 send (seen here against docker-registry 2.8 with htpasswd).
@Suite("pull errors")
struct DockerEnginePullErrorTests {
    @Test(
        "a refusal for authentication is recognised in both engines' words",
        arguments: [
            "initializing source docker://127.0.0.1:5000/t/bb:1: reading manifest 1 in 127.0.0.1:5000/t/bb: "
                + "unauthorized: authentication required",
            "Head \"http://127.0.0.1:5000/v2/t/bb/manifests/1\": no basic auth credentials",
            "unable to retrieve auth token: invalid username/password: unauthorized: authentication required",
        ])
    func authentication(message: String) {
        #expect(DockerEngine.authenticationRefused(message))
    }

    @Test(
        "an unknown image or another failure is not taken for a refusal",
        arguments: [
            "initializing source docker://localhost/hivekeep-test/absent:1: pinging container registry localhost: "
                + "Get \"https://localhost/v2/\": dial tcp [::1]:443: connect: connection refused",
            "reading manifest 2 in 127.0.0.1:5000/t/bb: manifest unknown: manifest unknown",
            "pull access denied for nosuch, repository does not exist or may require 'docker login'",
        ])
    func notAuthentication(message: String) {
        #expect(!DockerEngine.authenticationRefused(message))
    }
}

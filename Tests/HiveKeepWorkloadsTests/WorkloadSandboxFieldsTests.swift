import Foundation
import HiveKeepCore
import Testing

@testable import HiveKeepWorkloads

/// The sandbox extension fields (`allow_loader_env`, `sandbox`, `allow_install_scripts`) and the loader-variable rule.
@Suite("workload builder: loader variables and sandbox opt-outs")
struct WorkloadSandboxFieldsTests {
    func build(_ edit: (inout WorkloadRequest) -> Void) throws -> RunConfig {
        var request = WorkloadRequest(name: "w", image: "exec:///bin/sh")
        edit(&request)
        return try WorkloadBuilder(request: request, name: "w", entry: nil, currentPort: nil, reservedPorts: [])
            .build().config
    }

    func refusal(_ edit: (inout WorkloadRequest) -> Void) -> HiveKeepError? {
        #expect(throws: HiveKeepError.self) { _ = try build(edit) }
    }

    @Test("LD_PRELOAD in env_vars or as a secret target is a 400 naming it, unless allow_loader_env")
    func loaderVariables() throws {
        let plain = refusal { $0.envVars = ["LD_PRELOAD": "/tmp/x.so", "OK": "1"] }
        #expect(plain?.code == .invalidArgument)
        #expect(plain?.message.contains("LD_PRELOAD") == true)
        #expect(plain?.message.contains("allow_loader_env") == true)
        let secret = refusal { $0.secrets = [SecretReference(name: "s", target: "GCONV_PATH")] }
        #expect(secret?.message.contains("GCONV_PATH") == true)
        let allowed = try build {
            $0.envVars = ["LD_PRELOAD": "/tmp/x.so"]
            $0.allowLoaderEnv = true
        }
        #expect(allowed.envVars["LD_PRELOAD"] == "/tmp/x.so")
        #expect(allowed.allowLoaderEnv == true)
        #expect(try build { $0.envVars = ["OLD_PRELOAD": "x"] }.allowLoaderEnv == nil)
    }

    @Test("sandbox none is kept for exec:// and refused for uvx:// and npx://; other values are 400s")
    func sandboxChoice() throws {
        #expect(try build { $0.sandbox = "none" }.sandbox == "none")
        #expect(try build { $0.sandbox = "bubblewrap" }.sandbox == nil)
        let uvx = refusal {
            $0.image = "uvx://mcp-server-time"
            $0.sandbox = "none"
        }
        #expect(uvx?.message.contains("only possible for exec://") == true)
        #expect(refusal { $0.sandbox = "docker" }?.message.contains("'docker' is not supported") == true)
    }

    @Test("allow_install_scripts applies to npx:// only")
    func installScripts() throws {
        let npx = try build {
            $0.image = "npx://some-server"
            $0.allowInstallScripts = true
        }
        #expect(npx.allowInstallScripts == true)
        #expect(refusal { $0.allowInstallScripts = true }?.message.contains("npx:// workloads only") == true)
    }

    @Test("the fields survive the run configuration's JSON and come back on GET")
    func roundTrip() throws {
        let config = try build {
            $0.envVars = ["LD_LIBRARY_PATH": "/opt/lib"]
            $0.allowLoaderEnv = true
            $0.sandbox = "none"
        }
        let decoded = try JSONDecoder().decode(RunConfig.self, from: try JSONEncoder().encode(config))
        #expect(decoded.allowLoaderEnv == true)
        #expect(decoded.sandbox == "none")
        let shown = WorkloadDefinition.request(from: decoded)
        #expect(shown.allowLoaderEnv == true)
        #expect(shown.sandbox == "none")
    }
}

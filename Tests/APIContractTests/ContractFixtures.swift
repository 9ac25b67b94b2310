import Foundation

/// The three files the contract test reads, parsed, flattened and compared once per test run.
struct ContractFixtures: Sendable {
    let ours: ContractDocument
    let reference: ContractDocument
    let differences: DifferenceList
    let ourNodes: [String: ContractNode]
    let referenceNodes: [String: ContractNode]
    /// Every difference between the documents, covered by an entry or not.
    let findings: [ContractFinding]

    private static let shared: Result<ContractFixtures, ContractError> = {
        do {
            return .success(try load())
        } catch let error as ContractError {
            return .failure(error)
        } catch {
            return .failure(ContractError("\(error)"))
        }
    }()

    /// The fixtures, or an error that says which file is missing or broken (the test then fails, never skips).
    static func loaded() throws -> ContractFixtures {
        try shared.get()
    }

    /// The repository root, found from this source file's path.
    static func repositoryRoot(file: String = #filePath) -> URL {
        URL(fileURLWithPath: file)
            .deletingLastPathComponent()  // APIContractTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
    }

    static var ourDocumentURL: URL {
        repositoryRoot().appendingPathComponent("Sources/HiveKeepServer/OpenAPI/openapi.yaml")
    }

    static var differencesURL: URL {
        repositoryRoot().appendingPathComponent("docs/reference-differences.yaml")
    }

    /// `$HIVEKEEP_REFERENCE_DIR/toolhive-api-swagger.json`, or else `<repo>/../shared/reference/...`.
    static func referenceURL() throws -> URL {
        let name = "toolhive-api-swagger.json"
        let directory: URL
        if let configured = ProcessInfo.processInfo.environment["HIVEKEEP_REFERENCE_DIR"], !configured.isEmpty {
            directory = URL(fileURLWithPath: configured)
        } else {
            directory = repositoryRoot().deletingLastPathComponent().appendingPathComponent("shared/reference")
        }
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ContractError(
                "the reference swagger is not at \(url.path): set HIVEKEEP_REFERENCE_DIR to the directory that "
                    + "holds \(name) (normally shared/reference beside the repository)"
            )
        }
        return url
    }

    private static func load() throws -> ContractFixtures {
        let ours = ContractDocument(root: try ContractLoader.file(ourDocumentURL))
        let reference = ContractDocument(root: try ContractLoader.file(try referenceURL()))
        let differences = try DifferenceList(try ContractLoader.file(differencesURL))
        let ourNodes = try ContractFlattener.flatten(ours)
        let referenceNodes = try ContractFlattener.flatten(reference)
        return ContractFixtures(
            ours: ours,
            reference: reference,
            differences: differences,
            ourNodes: ourNodes,
            referenceNodes: referenceNodes,
            findings: ContractComparison.compare(reference: referenceNodes, ours: ourNodes)
        )
    }

    /// The findings no difference entry covers, narrowed by `filter`.
    func uncovered(where filter: (ContractFinding) -> Bool) -> [ContractFinding] {
        differences.uncovered(findings.filter(filter))
    }

    /// Every operation of HiveKeep's document as (`METHOD /path`, operation object).
    var ourOperations: [(location: String, operation: ContractValue)] {
        var result: [(String, ContractValue)] = []
        for (path, item) in ours.root["paths"]?.objectValue ?? [:] {
            for method in ContractFlattener.methods {
                if let operation = item[method] { result.append(("\(method.uppercased()) \(path)", operation)) }
            }
        }
        return result.sorted { $0.0 < $1.0 }
    }
}

extension [ContractFinding] {
    /// One finding per line, for failure messages.
    var listing: String {
        map { "  - \($0)" }.joined(separator: "\n")
    }
}

extension [String] {
    /// One item per line, for failure messages.
    var listing: String {
        map { "  - \($0)" }.joined(separator: "\n")
    }
}

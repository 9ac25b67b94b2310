import Foundation

/// The three files of the repository the contract test reads, parsed, flattened and compared once per test run.
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

    /// The facts of the reference (ToolHive) API document, kept in the repository: operations, parameters, status
    /// codes, field names and types, without prose. Regenerate with `scripts/extract-reference-contract.py`.
    static var referenceURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/reference-contract.json")
    }

    private static func load() throws -> ContractFixtures {
        let ours = ContractDocument(root: try ContractLoader.file(ourDocumentURL))
        let reference = ContractDocument(root: try ContractLoader.file(referenceURL))
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

import HiveKeepStore

/// `config-stress PATH PREFIX COUNT`: appends `PREFIX-0` … `PREFIX-(COUNT-1)` to the registered clients in
/// config.yaml, one read-modify-write each, so that two such processes at once show whether an update is lost.
func runConfigStress(_ arguments: [String]) -> Int32 {
    guard arguments.count == 3, let count = Int(arguments[2]) else {
        print("usage: config-stress PATH PREFIX COUNT")
        return 64
    }
    let file = ConfigFile(path: arguments[0])
    do {
        for index in 0..<count {
            try file.update { $0.clients.registeredClients.append("\(arguments[1])-\(index)") }
        }
        return 0
    } catch {
        print("config-stress failed: \(error)")
        return 1
    }
}

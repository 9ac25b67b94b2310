import HiveKeepCore
import HiveKeepStore
import Testing

@Suite("XDG directories")
struct HiveKeepPathsTests {
    @Test("XDG variables decide the directories")
    func xdgVariablesWin() throws {
        let paths = try HiveKeepPaths(
            environment: EnvironmentValues([
                "HOME": "/home/u", "XDG_CONFIG_HOME": "/c", "XDG_DATA_HOME": "/d", "XDG_STATE_HOME": "/s",
            ])
        )
        #expect(paths.configDirectory == "/c/hivekeep")
        #expect(paths.dataDirectory == "/d/hivekeep")
        #expect(paths.stateDirectory == "/s/hivekeep")
        #expect(paths.configFile == "/c/hivekeep/config.yaml")
    }

    @Test("defaults under HOME; relative and empty XDG values are ignored")
    func defaultsUnderHome() throws {
        let paths = try HiveKeepPaths(
            environment: EnvironmentValues(["HOME": "/home/u", "XDG_CONFIG_HOME": "relative", "XDG_DATA_HOME": ""])
        )
        #expect(paths.configDirectory == "/home/u/.config/hivekeep")
        #expect(paths.dataDirectory == "/home/u/.local/share/hivekeep")
        #expect(paths.stateDirectory == "/home/u/.local/state/hivekeep")
    }

    @Test("no home directory is a clear error")
    func noHomeIsAnError() {
        let error = #expect(throws: HiveKeepError.self) { try HiveKeepPaths(environment: EnvironmentValues([:])) }
        #expect(error?.message.contains("HOME") == true)
    }
}

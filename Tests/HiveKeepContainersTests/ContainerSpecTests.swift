import HiveKeepContainers
import Testing

@Suite struct ContainerSpecTests {
    @Test func aNewSpecIsHardenedAndOffersNoPort() {
        let spec = ContainerSpec(name: "hivekeep-time", workload: "time", image: "localhost/time:1")
        #expect(spec.readOnlyRootFilesystem)
        #expect(!spec.networkIsolated)
        #expect(spec.hostPort == nil && spec.targetPort == nil)
        #expect(spec.mounts.isEmpty && spec.environment.isEmpty)
    }
}

import HiveKeepSigning

extension CLIEnvironment {
    /// The signing service, over the same secrets service the server builds.
    func signingService() -> SigningService {
        SigningService(paths: paths, secrets: secretsService(), logger: logger)
    }
}

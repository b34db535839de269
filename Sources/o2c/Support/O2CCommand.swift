/// A command that runs (not a group): it takes the global options, which `O2C.main` applies
/// before it runs.
protocol O2CCommand {
    /// `--config`, `--home`.
    var global: GlobalOptions { get }
}

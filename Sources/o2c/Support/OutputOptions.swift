import ArgumentParser

/// `--json`: one JSON document on stdout instead of text.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false
}

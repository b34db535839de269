import ArgumentParser

/// What `approve` and `reject` take: the request, the note, and the digest the person was shown.
struct DecisionOptions: ParsableArguments {
    @Argument(help: "Request id, e.g. AP-12.") var id: String
    @Option(help: "Why you decide so (required to reject).") var note: String?
    @Option(help: "The args_digest you were shown ('approvals show'); the decision is refused when the request's is another.")
    var digest: String?
}

import O2CLedger

/// A problem in an agent profile or prompt, with where it is and how to fix it:
/// `agents/collections.yaml:9:10: unknown tool 'credit_chek' — did you mean 'credit_check'?`
/// (the same shape as guardrail diagnostics, so every lint prints alike).
public typealias AgentDiagnostic = GuardrailDiagnostic

using Tremolo.Templates;

namespace Tremolo.Config.Model;

/// <summary>A middleware rule: when the condition holds (or always), apply the response; a body form halts.</summary>
public sealed record RuleModel(CompiledCondition? When, ResponseModel Response, SourceLocation Location);

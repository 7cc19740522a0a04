namespace Starling.Server.Data.Entities;

/// <summary>A name-value pair on a profile ("Website", "Pronouns"): the value as typed and as safe HTML with its links.</summary>
public sealed record ProfileField(string Name, string Value, string ValueHtml);

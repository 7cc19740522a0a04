using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Statuses;
using Starling.Server.Infrastructure.Text;

namespace Starling.Server.Web.ViewModels;

public enum ComposeMode
{
    New,
    Reply,
    Edit,
}

/// <summary>The compose box: a new post, a reply (prefilled with mentions) or an edit.</summary>
public sealed class ComposeForm
{
    public ComposeMode Mode { get; init; } = ComposeMode.New;

    /// <summary>Where the form posts.</summary>
    public string Action { get; init; } = "/compose";

    public string Text { get; init; } = "";

    public string SpoilerText { get; init; } = "";

    public Visibility Visibility { get; init; } = Visibility.Public;

    public long? InReplyToId { get; init; }

    /// <summary>The post being replied to, shown above the box on the compose page.</summary>
    public StatusView? ReplyingTo { get; init; }

    public string? ReturnUrl { get; init; }

    public int MaxCharacters { get; init; } = 500;

    public DomainException? Problem { get; init; }

    /// <summary>Focus the text box on load (the compose page, a reply opened from its link).</summary>
    public bool Autofocus { get; init; }

    public string SubmitLabel => Mode switch
    {
        ComposeMode.Reply => "Reply",
        ComposeMode.Edit => "Save changes",
        _ => "Post",
    };

    /// <summary>Characters left, counted as the server counts them (URLs as 23), so the page is right before any script runs.</summary>
    public int Remaining => MaxCharacters - StatusLength.Count(Text) - StatusLength.Count(SpoilerText);

    public string? InvalidIf(string field) => Problem?.Field == field ? "true" : null;

    public static IReadOnlyList<(Visibility Value, string Label)> VisibilityChoices { get; } =
    [
        (Visibility.Public, "Public"),
        (Visibility.Unlisted, "Unlisted"),
        (Visibility.Private, "Followers only"),
        (Visibility.Direct, "Mentioned people only"),
    ];

    public static string VisibilityLabel(Visibility visibility) => VisibilityChoices.First(c => c.Value == visibility).Label;
}

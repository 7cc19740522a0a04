using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Media;
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

    /// <summary>What was typed beside each file slot before a refused post, kept so it need not be typed again.</summary>
    public IReadOnlyList<ComposeMediaInput> Media { get; init; } = [];

    /// <summary>The files the post being edited holds, in order, each with its alt text and whether it is to be removed.</summary>
    public IReadOnlyList<AttachedMedia> Attached { get; init; } = [];

    public bool Sensitive { get; init; }

    /// <summary>Files were sent with the refused post; a browser cannot keep them, so they must be chosen again.</summary>
    public bool MediaWasSent { get; init; }

    public const string AcceptedMedia = "image/*,video/*,audio/*";

    public const int MaxMediaFiles = MediaAttachments.MaxAttachmentsPerStatus;

    public const int MaxDescriptionLength = MediaAttachments.MaxDescriptionLength;

    /// <summary>Empty slots for new files: four files in all, counting those the post being edited holds.</summary>
    public int FreeSlots => Math.Max(0, MaxMediaFiles - Attached.Count);

    public ComposeMediaInput MediaSlot(int index) => index < Media.Count ? Media[index] : new ComposeMediaInput();

    /// <summary>A new file's number as the author reads it: after the files the post already holds.</summary>
    public int SlotNumber(int index) => Attached.Count + index + 1;

    /// <summary>The media section starts open when something in it needs attention or holds what was typed, or the post has files.</summary>
    public bool MediaOpen => MediaWasSent || Sensitive || Attached.Count > 0
        || Media.Any(m => !string.IsNullOrWhiteSpace(m.Description) || !string.IsNullOrWhiteSpace(m.Focus))
        || Problem?.Field?.StartsWith("media", StringComparison.Ordinal) == true;

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

/// <summary>One file slot of the compose form: the file, its alt text and its focal point ("x,y").</summary>
public sealed class ComposeMediaInput
{
    public IFormFile? File { get; set; }

    public string? Description { get; set; }

    public string? Focus { get; set; }

    /// <summary>A file input left empty still sends a nameless, empty part.</summary>
    public bool HasFile => File is { } file && (file.Length > 0 || !string.IsNullOrEmpty(file.FileName));
}

/// <summary>A file the post being edited holds, as its form shows it: a preview (null when none can be shown), the alt text, and the "Remove" box.</summary>
public sealed record AttachedMedia(long Id, MediaDisplay? Display, string? Description, bool Remove);

/// <summary>What the edit form sends for a file the post holds: its id, its alt text, and whether to remove it.</summary>
public sealed class AttachedMediaInput
{
    public long Id { get; set; }

    public string? Description { get; set; }

    public bool Remove { get; set; }
}

using Microsoft.AspNetCore.Mvc;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Moderation;
using Starling.Server.Web.Infrastructure;

namespace Starling.Server.Web.Pages.Admin;

/// <summary>Domain blocks (add, change, lift) and the other servers this one knows, for administrators.</summary>
public sealed class FederationModel(DomainBlocks blocks, RemoteInstances instances) : AppPageModel
{
    [BindProperty]
    public string? Domain { get; set; }

    [BindProperty]
    public DomainBlockSeverity Severity { get; set; } = DomainBlockSeverity.Silence;

    [BindProperty]
    public bool RejectMedia { get; set; }

    [BindProperty]
    public bool RejectReports { get; set; }

    [BindProperty]
    public string? PublicComment { get; set; }

    /// <summary>The form shows an existing block, so saving changes it.</summary>
    public bool Editing { get; private set; }

    public IReadOnlyList<DomainBlock> Blocks { get; private set; } = [];

    public RemoteInstances.Overview Instances { get; private set; } = new([], 0);

    public int MaxComment => DomainBlocks.MaxCommentLength;

    public async Task OnGetAsync([FromQuery(Name = "domain")] string? edit, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(edit) && await blocks.FindAsync(edit, cancellationToken) is { } block)
        {
            Editing = true;
            Domain = block.Domain;
            Severity = block.Severity;
            RejectMedia = block.RejectMedia;
            RejectReports = block.RejectReports;
            PublicComment = block.PublicComment;
        }
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (ModelState.TryGetValue(nameof(Severity), out var severity) && severity.Errors.Count > 0)
        {
            throw DomainException.Invalid("Choose no limit, silence or suspend.", nameof(Severity));
        }
        var saved = await blocks.SaveAsync(new DomainBlockChange(Domain ?? "", Severity, RejectMedia, RejectReports, PublicComment ?? ""), cancellationToken);
        var domain = saved.Block.Domain;
        Notice(saved.Block.Severity switch
        {
            DomainBlockSeverity.Suspend => $"{domain} is suspended. What was stored from it is being removed.",
            DomainBlockSeverity.Silence => $"{domain} is silenced.",
            _ => saved.Created ? $"The block on {domain} is saved." : $"The block on {domain} is changed.",
        });
        return LocalRedirect("/admin/federation");
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken)
    {
        await blocks.RemoveAsync(Domain ?? "", cancellationToken);
        Notice($"The block on {Domain} is lifted.");
        return LocalRedirect("/admin/federation");
    }

    public override async Task<bool> PrepareProblemPageAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return true;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Blocks = await blocks.AllAsync(cancellationToken);
        Instances = await instances.ListAsync(cancellationToken);
    }

    public static string SeverityName(DomainBlockSeverity severity) => severity switch
    {
        DomainBlockSeverity.Suspend => "Suspended",
        DomainBlockSeverity.Silence => "Silenced",
        _ => "No limit",
    };
}

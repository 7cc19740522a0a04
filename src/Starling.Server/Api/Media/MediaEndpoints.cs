using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Starling.Server.Api.Entities;
using Starling.Server.Api.Entities.Renderers;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Media;
using Starling.Server.Infrastructure.Storage;
using Starling.Server.Options;

namespace Starling.Server.Api.Media;

/// <summary>
/// Uploading media for statuses (<c>POST /api/v2/media</c>, and the older synchronous <c>POST /api/v1/media</c>), looking
/// at and describing an upload before it is posted (<c>GET/PUT/DELETE /api/v1/media/:id</c>), and serving the stored
/// files at <c>/system/media_attachments/files/:id/{original,small}/:file</c> and profile pictures at
/// <c>/system/accounts/{avatars,headers}/:id/original/:file</c>, with the type processing gave them.
/// </summary>
public static class MediaEndpoints
{
    private const string Scope = "write:media";

    /// <summary>Room for the form's other fields and multipart framing around the file.</summary>
    private const long FormOverhead = 1024 * 1024;

    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v2/media", UploadV2Async).RequireScope(Scope).WithTags("Media")
            .WithSummary("Upload a file to attach to a status (202 while it is processed, 200 once ready)");
        app.MapPost("/api/v1/media", UploadV1Async).RequireScope(Scope).WithTags("Media")
            .WithSummary("Upload a file to attach to a status, answering when it is ready");
        var media = app.MapGroup("/api/v1/media").WithTags("Media");
        media.MapGet("/{id}", GetAsync).RequireScope(Scope).WithSummary("An upload not yet posted (206 while processing)");
        media.MapPut("/{id}", UpdateAsync).RequireScope(Scope).WithSummary("Describe an upload not yet posted, or set its focal point");
        media.MapDelete("/{id}", DeleteAsync).RequireScope(Scope).WithSummary("Delete an upload not attached to a status");
        app.MapGet("/system/media_attachments/files/{id}/{size:regex(^(original|small)$)}/{file}", ServeFileAsync).ExcludeFromDescription();
        app.MapGet("/system/accounts/{kind:regex(^(avatars|headers)$)}/{id}/original/{file}", ServeAccountPictureAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> UploadV2Async(HttpContext context, MediaAttachments media, MediaAttachmentRenderer renderer, IOptions<StarlingOptions> options)
    {
        var attachment = await UploadAsync(context, media, options.Value.Media, wait: false);
        return Results.Json(renderer.Render(attachment), ApiJson.Options, statusCode: attachment.IsReady ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
    }

    private static async Task<MediaAttachmentEntity> UploadV1Async(HttpContext context, MediaAttachments media, MediaAttachmentRenderer renderer, IOptions<StarlingOptions> options) =>
        renderer.Render(await UploadAsync(context, media, options.Value.Media, wait: true));

    private static async Task<MediaAttachment> UploadAsync(HttpContext context, MediaAttachments media, MediaOptions limits, bool wait)
    {
        var accountId = context.RequiredCaller().RequireAccountId();
        // The request may be as large as the configured limit allows, and no larger, before anything reads it.
        var bodyLimit = MediaAttachments.LargestUpload(limits) + FormOverhead;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = bodyLimit;
        }
        if (context.Request.HasFormContentType)
        {
            context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions { MultipartBodyLengthLimit = bodyLimit }));
        }
        var parameters = await ApiParameters.ReadAsync(context);
        var file = parameters.File("file") ?? throw ApiException.Unprocessable("Validation failed: File can't be blank");
        await using var content = file.OpenReadStream();
        return wait
            ? await media.UploadAndProcessAsync(accountId, content, file.Length, parameters.String("description"), parameters.String("focus"), context.RequestAborted)
            : await media.UploadAsync(accountId, content, file.Length, parameters.String("description"), parameters.String("focus"), context.RequestAborted);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, MediaAttachments media, MediaAttachmentRenderer renderer)
    {
        var attachment = await media.GetUnattachedAsync(context.RequiredCaller().RequireAccountId(), ParseId(id), context.RequestAborted);
        return attachment.State switch
        {
            MediaState.Ready => Results.Json(renderer.Render(attachment), ApiJson.Options),
            MediaState.Processing => Results.Json(renderer.Render(attachment), ApiJson.Options, statusCode: StatusCodes.Status206PartialContent),
            _ => ApiErrors.Result(StatusCodes.Status422UnprocessableEntity, attachment.FailureReason ?? "There was an error processing the media attachment"),
        };
    }

    private static async Task<MediaAttachmentEntity> UpdateAsync(string id, HttpContext context, MediaAttachments media, MediaAttachmentRenderer renderer)
    {
        var mediaId = ParseId(id);
        var parameters = await ApiParameters.ReadAsync(context);
        var attachment = await media.UpdateAsync(context.RequiredCaller().RequireAccountId(), mediaId, parameters.String("description"), parameters.String("focus"), context.RequestAborted);
        return renderer.Render(attachment);
    }

    private static async Task<object> DeleteAsync(string id, HttpContext context, MediaAttachments media)
    {
        await media.DeleteAsync(context.RequiredCaller().RequireAccountId(), ParseId(id), context.RequestAborted);
        return new { };
    }

    /// <summary>
    /// A stored file or its preview. The address holds a random part, checked here, so only someone given the address
    /// finds the file; the type is the one processing gave it, so a file is never served as something it is not.
    /// </summary>
    private static async Task<IResult> ServeFileAsync(string id, string size, string file, AppDbContext db, IMediaStorage storage, HttpContext context)
    {
        if (!EntityIds.TryParse(id, out var mediaId))
        {
            return Results.NotFound();
        }
        var attachment = await db.MediaAttachments.AsNoTracking()
            .Where(m => m.Id == mediaId && m.State == MediaState.Ready)
            .Select(m => new { m.FilePath, m.PreviewFilePath, m.ContentType })
            .FirstOrDefaultAsync(context.RequestAborted);
        var (path, contentType) = size == "small" ? (attachment?.PreviewFilePath, "image/jpeg") : (attachment?.FilePath, attachment?.ContentType);
        return await ServeAsync(path, contentType, file, storage, context);
    }

    private static async Task<IResult> ServeAccountPictureAsync(string kind, string id, string file, AppDbContext db, IMediaStorage storage, HttpContext context)
    {
        if (!EntityIds.TryParse(id, out var accountId))
        {
            return Results.NotFound();
        }
        var path = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => kind == "avatars" ? a.AvatarFilePath : a.HeaderFilePath)
            .FirstOrDefaultAsync(context.RequestAborted);
        return await ServeAsync(path, path is null ? null : AccountPictures.ContentTypeOf(path), file, storage, context);
    }

    private static async Task<IResult> ServeAsync(string? path, string? contentType, string file, IMediaStorage storage, HttpContext context)
    {
        if (string.IsNullOrEmpty(path) || contentType is null || !string.Equals(Path.GetFileName(path), file, StringComparison.Ordinal)
            || await storage.OpenReadAsync(path, context.RequestAborted) is not { } stored)
        {
            return Results.NotFound();
        }
        // The file at an address never changes: a new upload gets a new address, so its name is a fine validator.
        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        context.Response.Headers[HeaderNames.ContentDisposition] = "inline";
        context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return Results.Stream(stored.Content, contentType, lastModified: stored.LastModified,
            entityTag: new EntityTagHeaderValue($"\"{Path.GetFileNameWithoutExtension(path)}\""), enableRangeProcessing: true);
    }

    private static long ParseId(string id) => EntityIds.TryParse(id, out var parsed) ? parsed : throw ApiException.NotFound();
}

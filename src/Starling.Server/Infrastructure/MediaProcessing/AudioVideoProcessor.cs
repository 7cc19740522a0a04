// Placeholder until the audio and video processor lands.
using Starling.Server.Data.Entities;
namespace Starling.Server.Infrastructure.MediaProcessing;
public sealed class AudioVideoProcessor
{
    public Task<MediaType?> IdentifyAsync(string path, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<ProcessedMedia> ProcessAsync(string path, string workDirectory, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<ProcessedMedia> ConvertAnimatedGifAsync(string path, string workDirectory, CancellationToken cancellationToken) => throw new NotImplementedException();
}

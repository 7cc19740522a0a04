// Placeholder until the image processor lands.
using Starling.Server.Features.Media;
namespace Starling.Server.Infrastructure.MediaProcessing;
public sealed class ImageProcessor
{
    public static bool IsAnimatedGif(string path) => throw new NotImplementedException();
    public ProcessedMedia Process(string inputPath, ImageFormat format, string workDirectory) => throw new NotImplementedException();
    public ProcessedMedia ProcessAccountPicture(string inputPath, ImageFormat format, string workDirectory, int width, int height) => throw new NotImplementedException();
}

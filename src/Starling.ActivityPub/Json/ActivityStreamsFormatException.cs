namespace Starling.ActivityPub.Json;

/// <summary>
/// The one exception reading an ActivityStreams document throws (a <see cref="FormatException"/>, like the errors of the
/// WebFinger and NodeInfo readers): the input is not JSON, is nested deeper than
/// <see cref="ActivityStreamsJson.MaxDepth"/>, is not an object, or has a value of the wrong kind for a known property.
/// </summary>
public sealed class ActivityStreamsFormatException : FormatException
{
    public ActivityStreamsFormatException(string message)
        : base(message)
    {
    }

    public ActivityStreamsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

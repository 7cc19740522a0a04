namespace Starling.ActivityPub.Json;

/// <summary>
/// The one exception reading a document throws: the input is not JSON, is nested deeper than
/// <see cref="ActivityStreamsJson.MaxDepth"/>, is not an object, or has a value of the wrong kind for a known property.
/// </summary>
public sealed class ActivityStreamsFormatException : Exception
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

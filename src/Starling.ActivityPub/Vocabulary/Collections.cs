using System.Text.Json.Serialization;

namespace Starling.ActivityPub.Vocabulary;

/// <summary>
/// A collection or one page of it. The four collection types share this shape; a document fills the properties its
/// type uses (<see cref="Items"/> in collections, <see cref="OrderedItems"/> in ordered ones).
/// </summary>
public class Collection : ActivityObject
{
    public Collection() => Type = nameof(Collection);

    public int? TotalItems { get; set; }
    public ObjectReference? First { get; set; }
    public ObjectReference? Last { get; set; }
    public ObjectReference? Current { get; set; }
    public ObjectReference? PartOf { get; set; }
    public ObjectReference? Next { get; set; }
    public ObjectReference? Prev { get; set; }
    public IReadOnlyList<ObjectReference> Items { get; set; } = [];
    public IReadOnlyList<ObjectReference> OrderedItems { get; set; } = [];

    /// <summary>The members on this page, from whichever of <see cref="OrderedItems"/> or <see cref="Items"/> holds them.</summary>
    [JsonIgnore]
    public IReadOnlyList<ObjectReference> Members => OrderedItems.Count > 0 ? OrderedItems : Items;
}

public sealed class OrderedCollection : Collection
{
    public OrderedCollection() => Type = nameof(OrderedCollection);
}

public sealed class CollectionPage : Collection
{
    public CollectionPage() => Type = nameof(CollectionPage);
}

public sealed class OrderedCollectionPage : Collection
{
    public OrderedCollectionPage() => Type = nameof(OrderedCollectionPage);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Starling.Server.Data.Entities;

namespace Starling.Server.Data.Configurations;

internal sealed class FilterConfiguration : IEntityTypeConfiguration<Filter>
{
    public const int MaxTitleLength = 256;

    public void Configure(EntityTypeBuilder<Filter> builder)
    {
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Title).HasMaxLength(MaxTitleLength);
        builder.HasOne<Account>().WithMany().HasForeignKey(f => f.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(f => f.Keywords).WithOne().HasForeignKey(k => k.FilterId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(f => f.Statuses).WithOne().HasForeignKey(s => s.FilterId).OnDelete(DeleteBehavior.Cascade);
        // Every timeline read looks up the reader's filters.
        builder.HasIndex(f => new { f.AccountId, f.Id });
    }
}

internal sealed class FilterKeywordConfiguration : IEntityTypeConfiguration<FilterKeyword>
{
    public const int MaxKeywordLength = 512;

    public void Configure(EntityTypeBuilder<FilterKeyword> builder)
    {
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Keyword).HasMaxLength(MaxKeywordLength);
        builder.HasIndex(k => new { k.FilterId, k.Id });
    }
}

internal sealed class FilterStatusConfiguration : IEntityTypeConfiguration<FilterStatus>
{
    public void Configure(EntityTypeBuilder<FilterStatus> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasOne<Status>().WithMany().HasForeignKey(s => s.StatusId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.FilterId, s.StatusId }).IsUnique();
        builder.HasIndex(s => s.StatusId);
    }
}

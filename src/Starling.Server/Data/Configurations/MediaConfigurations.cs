using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Starling.Server.Data.Entities;

namespace Starling.Server.Data.Configurations;

internal sealed class MediaAttachmentConfiguration : IEntityTypeConfiguration<MediaAttachment>
{
    public void Configure(EntityTypeBuilder<MediaAttachment> builder)
    {
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.ContentType).HasMaxLength(100);
        builder.Property(m => m.FilePath).HasMaxLength(500);
        builder.Property(m => m.Description).HasMaxLength(1500);
        builder.Property(m => m.PreviewFilePath).HasMaxLength(500);
        builder.Property(m => m.Blurhash).HasMaxLength(100);
        builder.Property(m => m.FailureReason).HasMaxLength(500);
        // The processing worker's queue: files waiting, oldest first.
        builder.HasIndex(m => new { m.State, m.Id });
        builder.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
        // A deleted status lets go of its media, as on Mastodon, so delete-and-redraft can attach them again.
        builder.HasOne<Status>().WithMany(s => s.MediaAttachments).HasForeignKey(m => m.StatusId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(m => m.StatusId);
        builder.HasIndex(m => new { m.AccountId, m.Id });
    }
}

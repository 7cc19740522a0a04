using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Starling.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Media : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "bitrate",
                table: "media_attachments",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "blurhash",
                table: "media_attachments",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "duration_seconds",
                table: "media_attachments",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "failure_reason",
                table: "media_attachments",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "frame_rate",
                table: "media_attachments",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "preview_file_path",
                table: "media_attachments",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "preview_height",
                table: "media_attachments",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "preview_width",
                table: "media_attachments",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "processing_lease_until",
                table: "media_attachments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "avatar_file_path",
                table: "accounts",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "header_file_path",
                table: "accounts",
                type: "text",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_media_attachments_state_id",
                table: "media_attachments",
                columns: new[] { "state", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_media_attachments_state_id",
                table: "media_attachments");

            migrationBuilder.DropColumn(
                name: "bitrate",
                table: "media_attachments");

            migrationBuilder.DropColumn(
                name: "blurhash",
                table: "media_attachments");

            migrationBuilder.DropColumn(
                name: "duration_seconds",
                table: "media_attachments");

            migrationBuilder.DropColumn(
                name: "failure_reason",
                table: "media_attachments");

            migrationBuilder.DropColumn(
                name: "frame_rate",
                table: "media_attachments");

            migrationBuilder.DropColumn(
                name: "preview_file_path",
                table: "media_attachments");

            migrationBuilder.DropColumn(
                name: "preview_height",
                table: "media_attachments");

            migrationBuilder.DropColumn(
                name: "preview_width",
                table: "media_attachments");

            migrationBuilder.DropColumn(
                name: "processing_lease_until",
                table: "media_attachments");

            migrationBuilder.DropColumn(
                name: "avatar_file_path",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "header_file_path",
                table: "accounts");
        }
    }
}

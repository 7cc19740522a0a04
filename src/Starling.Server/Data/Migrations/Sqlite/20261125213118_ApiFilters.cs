using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Starling.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApiFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "filters",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    contexts = table.Column<int>(type: "INTEGER", nullable: false),
                    action = table.Column<int>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_filters", x => x.id);
                    table.ForeignKey(
                        name: "fk_filters_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "media_attachments",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    status_id = table.Column<long>(type: "INTEGER", nullable: true),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    type = table.Column<int>(type: "INTEGER", nullable: false),
                    state = table.Column<int>(type: "INTEGER", nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    file_path = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    file_size = table.Column<long>(type: "INTEGER", nullable: false),
                    width = table.Column<int>(type: "INTEGER", nullable: true),
                    height = table.Column<int>(type: "INTEGER", nullable: true),
                    description = table.Column<string>(type: "TEXT", maxLength: 1500, nullable: true),
                    focus_x = table.Column<double>(type: "REAL", nullable: true),
                    focus_y = table.Column<double>(type: "REAL", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_media_attachments", x => x.id);
                    table.ForeignKey(
                        name: "fk_media_attachments_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_media_attachments_statuses_status_id",
                        column: x => x.status_id,
                        principalTable: "statuses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "tag_follows",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    tag_id = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tag_follows", x => x.id);
                    table.ForeignKey(
                        name: "fk_tag_follows_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_tag_follows_tags_tag_id",
                        column: x => x.tag_id,
                        principalTable: "tags",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "filter_keywords",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    filter_id = table.Column<long>(type: "INTEGER", nullable: false),
                    keyword = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    whole_word = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_filter_keywords", x => x.id);
                    table.ForeignKey(
                        name: "fk_filter_keywords_filters_filter_id",
                        column: x => x.filter_id,
                        principalTable: "filters",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "filter_statuses",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    filter_id = table.Column<long>(type: "INTEGER", nullable: false),
                    status_id = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_filter_statuses", x => x.id);
                    table.ForeignKey(
                        name: "fk_filter_statuses_filters_filter_id",
                        column: x => x.filter_id,
                        principalTable: "filters",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_filter_statuses_statuses_status_id",
                        column: x => x.status_id,
                        principalTable: "statuses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_filter_keywords_filter_id_id",
                table: "filter_keywords",
                columns: new[] { "filter_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_filter_statuses_filter_id_status_id",
                table: "filter_statuses",
                columns: new[] { "filter_id", "status_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_filter_statuses_status_id",
                table: "filter_statuses",
                column: "status_id");

            migrationBuilder.CreateIndex(
                name: "ix_filters_account_id_id",
                table: "filters",
                columns: new[] { "account_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_media_attachments_account_id_id",
                table: "media_attachments",
                columns: new[] { "account_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_media_attachments_status_id",
                table: "media_attachments",
                column: "status_id");

            migrationBuilder.CreateIndex(
                name: "ix_tag_follows_account_id_tag_id",
                table: "tag_follows",
                columns: new[] { "account_id", "tag_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tag_follows_tag_id",
                table: "tag_follows",
                column: "tag_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "filter_keywords");

            migrationBuilder.DropTable(
                name: "filter_statuses");

            migrationBuilder.DropTable(
                name: "media_attachments");

            migrationBuilder.DropTable(
                name: "tag_follows");

            migrationBuilder.DropTable(
                name: "filters");
        }
    }
}

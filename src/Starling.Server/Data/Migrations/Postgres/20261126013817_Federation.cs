using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Starling.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Federation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "in_reply_to_uri",
                table: "statuses",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "uri",
                table: "statuses",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "url",
                table: "statuses",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "remote_url",
                table: "media_attachments",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "uri",
                table: "follows",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "uri",
                table: "follow_requests",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "uri",
                table: "favourites",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "uri",
                table: "blocks",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "actor_type",
                table: "accounts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "also_known_as",
                table: "accounts",
                type: "text",
                nullable: false,
                defaultValueSql: "'[]'");

            migrationBuilder.AddColumn<string>(
                name: "avatar_remote_url",
                table: "accounts",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "featured_url",
                table: "accounts",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "fetched_at",
                table: "accounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "followers_url",
                table: "accounts",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "following_url",
                table: "accounts",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "header_remote_url",
                table: "accounts",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "inbox_url",
                table: "accounts",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "indexable",
                table: "accounts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "moved_to_account_id",
                table: "accounts",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "outbox_url",
                table: "accounts",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "shared_inbox_url",
                table: "accounts",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "uri",
                table: "accounts",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "url",
                table: "accounts",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "account_keys",
                columns: table => new
                {
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    key_id = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    public_key_pem = table.Column<string>(type: "text", nullable: false),
                    private_key_pem = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_account_keys", x => x.account_id);
                    table.ForeignKey(
                        name: "fk_account_keys_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "domain_blocks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    domain = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    severity = table.Column<int>(type: "integer", nullable: false),
                    reject_media = table.Column<bool>(type: "boolean", nullable: false),
                    reject_reports = table.Column<bool>(type: "boolean", nullable: false),
                    public_comment = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_domain_blocks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_activities",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    uri = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    key_id = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    private_key_pem = table.Column<string>(type: "text", nullable: false),
                    json = table.Column<string>(type: "text", nullable: false),
                    status_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_activities", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "received_activities",
                columns: table => new
                {
                    uri = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    received_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_received_activities", x => x.uri);
                });

            migrationBuilder.CreateTable(
                name: "remote_instances",
                columns: table => new
                {
                    domain = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    consecutive_failures = table.Column<int>(type: "integer", nullable: false),
                    failing_since = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    unavailable_since = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_success_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_remote_instances", x => x.domain);
                });

            migrationBuilder.CreateTable(
                name: "reports",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    target_account_id = table.Column<long>(type: "bigint", nullable: false),
                    status_ids = table.Column<string>(type: "text", nullable: false, defaultValueSql: "'[]'"),
                    comment = table.Column<string>(type: "text", nullable: false),
                    uri = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    resolved_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reports", x => x.id);
                    table.ForeignKey(
                        name: "fk_reports_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_reports_accounts_target_account_id",
                        column: x => x.target_account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "server_keys",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    public_key_pem = table.Column<string>(type: "text", nullable: false),
                    private_key_pem = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_server_keys", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "tombstones",
                columns: table => new
                {
                    uri = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    former_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    deleted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tombstones", x => x.uri);
                });

            migrationBuilder.CreateTable(
                name: "deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    outbox_activity_id = table.Column<long>(type: "bigint", nullable: false),
                    inbox_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    domain = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    state = table.Column<int>(type: "integer", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    run_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    locked_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "text", nullable: true),
                    status_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "fk_deliveries_outbox_activities_outbox_activity_id",
                        column: x => x.outbox_activity_id,
                        principalTable: "outbox_activities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_statuses_in_reply_to_uri",
                table: "statuses",
                column: "in_reply_to_uri");

            migrationBuilder.CreateIndex(
                name: "ix_statuses_uri",
                table: "statuses",
                column: "uri",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_follows_uri",
                table: "follows",
                column: "uri",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_follow_requests_uri",
                table: "follow_requests",
                column: "uri",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_favourites_uri",
                table: "favourites",
                column: "uri",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_blocks_uri",
                table: "blocks",
                column: "uri",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_accounts_moved_to_account_id",
                table: "accounts",
                column: "moved_to_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_accounts_shared_inbox_url",
                table: "accounts",
                column: "shared_inbox_url");

            migrationBuilder.CreateIndex(
                name: "ix_accounts_uri",
                table: "accounts",
                column: "uri",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_account_keys_key_id",
                table: "account_keys",
                column: "key_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_domain_state",
                table: "deliveries",
                columns: new[] { "domain", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_outbox_activity_id",
                table: "deliveries",
                column: "outbox_activity_id");

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_state_run_at_id",
                table: "deliveries",
                columns: new[] { "state", "run_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_status_id",
                table: "deliveries",
                column: "status_id");

            migrationBuilder.CreateIndex(
                name: "ix_domain_blocks_domain",
                table: "domain_blocks",
                column: "domain",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_activities_status_id",
                table: "outbox_activities",
                column: "status_id");

            migrationBuilder.CreateIndex(
                name: "ix_received_activities_received_at",
                table: "received_activities",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_reports_account_id",
                table: "reports",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_reports_resolved_at_id",
                table: "reports",
                columns: new[] { "resolved_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_reports_target_account_id",
                table: "reports",
                column: "target_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_reports_uri",
                table: "reports",
                column: "uri",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_accounts_accounts_moved_to_account_id",
                table: "accounts",
                column: "moved_to_account_id",
                principalTable: "accounts",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_accounts_accounts_moved_to_account_id",
                table: "accounts");

            migrationBuilder.DropTable(
                name: "account_keys");

            migrationBuilder.DropTable(
                name: "deliveries");

            migrationBuilder.DropTable(
                name: "domain_blocks");

            migrationBuilder.DropTable(
                name: "received_activities");

            migrationBuilder.DropTable(
                name: "remote_instances");

            migrationBuilder.DropTable(
                name: "reports");

            migrationBuilder.DropTable(
                name: "server_keys");

            migrationBuilder.DropTable(
                name: "tombstones");

            migrationBuilder.DropTable(
                name: "outbox_activities");

            migrationBuilder.DropIndex(
                name: "ix_statuses_in_reply_to_uri",
                table: "statuses");

            migrationBuilder.DropIndex(
                name: "ix_statuses_uri",
                table: "statuses");

            migrationBuilder.DropIndex(
                name: "ix_follows_uri",
                table: "follows");

            migrationBuilder.DropIndex(
                name: "ix_follow_requests_uri",
                table: "follow_requests");

            migrationBuilder.DropIndex(
                name: "ix_favourites_uri",
                table: "favourites");

            migrationBuilder.DropIndex(
                name: "ix_blocks_uri",
                table: "blocks");

            migrationBuilder.DropIndex(
                name: "ix_accounts_moved_to_account_id",
                table: "accounts");

            migrationBuilder.DropIndex(
                name: "ix_accounts_shared_inbox_url",
                table: "accounts");

            migrationBuilder.DropIndex(
                name: "ix_accounts_uri",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "in_reply_to_uri",
                table: "statuses");

            migrationBuilder.DropColumn(
                name: "uri",
                table: "statuses");

            migrationBuilder.DropColumn(
                name: "url",
                table: "statuses");

            migrationBuilder.DropColumn(
                name: "remote_url",
                table: "media_attachments");

            migrationBuilder.DropColumn(
                name: "uri",
                table: "follows");

            migrationBuilder.DropColumn(
                name: "uri",
                table: "follow_requests");

            migrationBuilder.DropColumn(
                name: "uri",
                table: "favourites");

            migrationBuilder.DropColumn(
                name: "uri",
                table: "blocks");

            migrationBuilder.DropColumn(
                name: "actor_type",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "also_known_as",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "avatar_remote_url",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "featured_url",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "fetched_at",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "followers_url",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "following_url",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "header_remote_url",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "inbox_url",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "indexable",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "moved_to_account_id",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "outbox_url",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "shared_inbox_url",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "uri",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "url",
                table: "accounts");
        }
    }
}

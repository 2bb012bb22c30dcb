import { Column, Entity, Index, PrimaryColumn } from "typeorm";

/**
 * One saved pixel row. Column types are the ones SQLite and PostgreSQL share;
 * timestamps are ISO 8601 UTC strings with milliseconds, which sort correctly as
 * text on both. `config` is the validated PixelConfig as JSON text.
 */
@Entity("saved_pixels")
@Index("saved_pixels_account_name_key", ["accountId", "nameKey"], {
  unique: true,
})
@Index("saved_pixels_account_created", ["accountId", "createdAt", "id"])
export class SavedPixelEntity {
  @PrimaryColumn("varchar", { length: 32 })
  id: string;

  @Column("varchar", { name: "account_id", length: 64 })
  accountId: string;

  @Column("varchar", { length: 400 })
  name: string;

  /** Trimmed, NFC, lower case: the unique index's half of name uniqueness. */
  @Column("varchar", { name: "name_key", length: 400 })
  nameKey: string;

  @Column("text", { nullable: true })
  description: string | null;

  @Column("text")
  config: string;

  @Column("varchar", { name: "pixel_type", length: 20 })
  pixelType: string;

  /** Copied out of `config` so lists need not parse it. */
  @Column("varchar", { name: "conversion_type", length: 200, nullable: true })
  conversionType: string | null;

  @Column("varchar", { name: "target_platform", length: 20 })
  targetPlatform: string;

  @Column("varchar", { name: "created_by", length: 128 })
  createdBy: string;

  /** Bumped by every update: the ETag and If-Match compare it. */
  @Column("integer")
  version: number;

  @Column("varchar", { name: "created_at", length: 30 })
  createdAt: string;

  @Column("varchar", { name: "updated_at", length: 30 })
  updatedAt: string;

  /** Written by collection: the newest event's receive time, and how many were ever received. */
  @Column("varchar", { name: "last_event_at", length: 30, nullable: true })
  lastEventAt: string | null;

  @Column("integer", { name: "event_count", default: 0 })
  eventCount: number;

  /** Contract §7: the user's on/off switch (`active` | `inactive`). */
  @Column("varchar", { length: 10, default: "active" })
  state: string;

  /** Contract §7: the other conversion rules (ConversionRules without `state`) as JSON text. */
  @Column("text", { name: "conversion_rules", default: "{}" })
  conversionRules: string;
}

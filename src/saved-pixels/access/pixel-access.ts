import { ForbiddenError } from "../../common/domain-errors";
import type { SavedPixelEntity } from "../saved-pixel.entity";

/**
 * The one access decision for reading a pixel (contract §11), as SQL over
 * `saved_pixels` with the parameter `:accountId`: the account owns the pixel,
 * or the owner shared it with the account. Every query that reads a pixel for
 * an account uses these; an account that is neither finds nothing, exactly
 * like an unknown id (404).
 */
export const PIXEL_ACCESS = {
  /** Pixels the account owns. */
  owned: "account_id = :accountId",
  /** Pixels other accounts shared with it (the owner can never be among the shares). */
  sharedWith:
    "id IN (SELECT pixel_id FROM saved_pixel_shares WHERE saved_pixel_shares.account_id = :accountId)",
  /** Either: what the account may read. */
  readable:
    "(account_id = :accountId OR id IN (SELECT pixel_id FROM saved_pixel_shares WHERE saved_pixel_shares.account_id = :accountId))",
} as const;

/** What a list item says about sharing: whose pixel it is, and whether it was shared with the reader. */
export function sharingOf(
  pixel: Pick<SavedPixelEntity, "accountId">,
  accountId: string,
): { owner_account_id: string; shared: boolean } {
  return {
    owner_account_id: pixel.accountId,
    shared: pixel.accountId !== accountId,
  };
}

/**
 * Changing a pixel (update, delete, restore, sharing) is for its owner only: an
 * account it was shared with may read it, and gets 403 for the rest.
 */
export function requireOwner<T extends Pick<SavedPixelEntity, "accountId">>(
  pixel: T,
  accountId: string,
): T {
  if (pixel.accountId !== accountId)
    throw new ForbiddenError(
      "This pixel is shared with your account; only its owner's account can change it, share it or see its history.",
    );
  return pixel;
}

import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { ApiClient } from "../api/client";
import type { Role } from "../session";

/** What every screen of a signed-in builder needs. */
export interface Builder {
  api: ApiClient;
  account: string;
  role: Role;
  /** The role has the write scope: create, save and delete are enabled. */
  canWrite: boolean;
  /** A polite announcement (aria-live status): "Saved.", "Copied.". */
  announce(message: string): void;
  /** An error announcement (role=alert), shown until the next action. */
  alert(message: string): void;
  /** The token was refused (401): back to sign-in. */
  signOut(reason?: string): void;
}

export const BuilderContext = createContext<Builder | null>(null);

export function useBuilder(): Builder {
  const builder = useContext(BuilderContext);
  if (!builder) throw new Error("useBuilder outside a signed-in builder");
  return builder;
}

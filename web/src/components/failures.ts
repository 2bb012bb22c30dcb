import { ApiFailure } from "../api/client";
import { useBuilder } from "./context";

/**
 * The handler for a failed call that no form field owns: a refused token (401)
 * signs out, anything else is announced as an alert.
 */
export function useFailureHandler(): (problem: unknown) => void {
  const { alert, signOut } = useBuilder();
  return (problem) => {
    if (problem instanceof ApiFailure && problem.status === 401)
      signOut("Your token was refused; sign in again.");
    else alert((problem as Error).message);
  };
}

/** A 400's field messages in one line (or its message when it has none), for the one field a small form has. */
export function detailsText(problem: ApiFailure): string {
  return problem.details.map((d) => d.message).join(" ") || problem.message;
}

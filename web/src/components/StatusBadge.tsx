import { ageOf } from "../format";

const LABELS: Record<string, string> = {
  unverified: "Unverified",
  active: "Active",
  inactive: "Inactive",
};

/** Collection status with the last event's age ("Active · 3 min ago"). */
export function StatusBadge(props: {
  status: string;
  lastEventAt?: string | null;
}) {
  return (
    <span class={`badge badge-${props.status}`}>
      {LABELS[props.status] ?? props.status}
      {props.lastEventAt ? ` · last event ${ageOf(props.lastEventAt)}` : ""}
    </span>
  );
}

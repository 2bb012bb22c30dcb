import { useEffect, useMemo, useState } from "preact/hooks";
import type { CodePlatform } from "../../../src/pixels/pixel-config";
import { PIXEL_OPTIONS } from "../../../src/pixels/pixel-options";
import {
  ApiFailure,
  unwrap,
  type Artifact,
  type InstallCode as Code,
} from "../api/client";
import { toRequestBody, type PixelDraft } from "../draft";
import { highlightCode } from "../highlight";
import { useBuilder } from "./context";
import { OptionList } from "./controls";

const PREVIEW_DELAY_MS = 400;

/** The chooser: the three page platforms, then server-side events (curl and Node.js for POST /events). */
const PLATFORM_CHOICES: readonly { value: CodePlatform; label: string }[] = [
  ...PIXEL_OPTIONS.target_platforms,
  { value: "server", label: "Server (curl, Node.js)" },
];

const MEDIA_TYPES: Record<string, string> = {
  json: "application/json",
  html: "text/html",
  javascript: "text/javascript",
  csv: "text/csv",
  bash: "text/x-shellscript",
};

/** Saves an artifact as the file its `filename` names (GTM container .json, Tealium CSV, …). */
function download(artifact: Artifact): void {
  const blob = new Blob([artifact.content], {
    type: `${MEDIA_TYPES[artifact.language] ?? "text/plain"};charset=utf-8`,
  });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = artifact.filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function copy(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}

function ArtifactView(props: { artifact: Artifact }) {
  const { artifact } = props;
  const { announce, alert } = useBuilder();
  const html = useMemo(
    () => highlightCode(artifact.content, artifact.language),
    [artifact.content, artifact.language],
  );
  const titleId = `artifact-${artifact.id}`;
  return (
    <section class="artifact" aria-labelledby={titleId}>
      <div class="bar">
        <h3 id={titleId}>{artifact.title}</h3>
        <div class="artifact-actions">
          <button
            type="button"
            class="secondary"
            aria-describedby={titleId}
            onClick={() =>
              copy(artifact.content).then(
                () => announce(`Copied “${artifact.title}”.`),
                () => alert("Copying failed: select the code and copy it."),
              )
            }
          >
            Copy
          </button>
          <button
            type="button"
            class="secondary"
            aria-describedby={titleId}
            onClick={() => {
              download(artifact);
              announce(`Downloaded ${artifact.filename}.`);
            }}
          >
            Download
          </button>
        </div>
      </div>
      <pre tabIndex={0} aria-label={`${artifact.title} code`}>
        {/* highlight.js output: escaped source wrapped in its own spans. */}
        <code class="hljs" dangerouslySetInnerHTML={{ __html: html }} />
      </pre>
    </section>
  );
}

/**
 * The install code of the pixel as the form stands: GET …/code for a saved,
 * unchanged pixel, POST /saved-pixels/preview for a new or edited one.
 * Requests wait for a pause in typing and the last answer wins; the form never
 * waits for them.
 */
export function InstallCode(props: {
  draft: PixelDraft;
  /** The pixel's id when it is saved and the form is unchanged. */
  savedId: string | null;
}) {
  const { api, account } = useBuilder();
  const [platform, setPlatform] = useState<CodePlatform>(
    props.draft.target_platform,
  );
  const [code, setCode] = useState<Code | null>(null);
  const [problem, setProblem] = useState("");
  const [pending, setPending] = useState(false);
  useEffect(
    () => setPlatform(props.draft.target_platform),
    [props.draft.target_platform],
  );

  const body = toRequestBody(props.draft);
  // consent_mode is outside config but part of the code (§10): it must re-render.
  const key = JSON.stringify([
    body.name,
    body.config,
    body.consent_mode,
    platform,
  ]);
  useEffect(() => {
    let live = true;
    setPending(true);
    const timer = setTimeout(
      () => {
        // A saved, unchanged pixel gets its real code (with its pixel_id); a
        // draft, a preview of what saving it would give.
        const request = props.savedId
          ? api.GET("/saved-pixels/{pixel_id}/code", {
              params: {
                path: { pixel_id: props.savedId },
                query: { account_id: account, platform },
              },
            })
          : api.POST("/saved-pixels/preview", {
              params: { query: { account_id: account, platform } },
              body: {
                ...(body.name.trim() ? { name: body.name } : {}),
                config: body.config,
                consent_mode: body.consent_mode,
              },
            });
        unwrap<Code>(request)
          .then(({ value }) => {
            if (!live) return;
            setCode(value);
            setProblem("");
          })
          .catch((error: unknown) => {
            if (!live) return;
            setProblem(
              error instanceof ApiFailure && error.status === 400
                ? `The code appears once the form is valid: ${error.details
                    .map((d) => `${d.field} ${d.message}`)
                    .join("; ")}`
                : (error as Error).message,
            );
          })
          .finally(() => live && setPending(false));
      },
      props.savedId ? 0 : PREVIEW_DELAY_MS,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, account, props.savedId]);

  return (
    <section
      class="install"
      aria-labelledby="install-title"
      aria-busy={pending}
    >
      <div class="bar">
        <h2 id="install-title">Install code</h2>
        <div class="control inline">
          <label for="code-platform">Show code for</label>
          <select
            id="code-platform"
            value={platform}
            onChange={(event) =>
              setPlatform(event.currentTarget.value as CodePlatform)
            }
          >
            <OptionList options={PLATFORM_CHOICES} />
          </select>
        </div>
      </div>
      {problem && <p class="note">{problem}</p>}
      {code && (
        <>
          <h3>Steps</h3>
          <ol class="instructions">
            {code.instructions.map((step, i) => (
              <li key={i}>{step}</li>
            ))}
          </ol>
          {code.artifacts.map((artifact) => (
            <ArtifactView key={artifact.id} artifact={artifact} />
          ))}
        </>
      )}
    </section>
  );
}

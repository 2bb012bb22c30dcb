import { join } from "node:path";
import { createInstallCodeRenderer } from "../../../../src/install-code/engine";
import type {
  Artifact,
  InstallCode,
  RenderInput,
} from "../../../../src/install-code/engine";

export const TEMPLATES_DIR = join(__dirname, "../../../../templates");
export const PUBLIC_BASE_URL = "https://px.example.test";
export const LOADER_URL = `${PUBLIC_BASE_URL}/t.js`;

export const renderer = createInstallCodeRenderer({
  templatesDir: TEMPLATES_DIR,
  publicBaseUrl: PUBLIC_BASE_URL,
});

export function render(input: RenderInput): InstallCode {
  return renderer.render(input);
}

export function artifact(code: InstallCode, id: string): Artifact {
  const found = code.artifacts.find((a) => a.id === id);
  if (found === undefined)
    throw new Error(`no artifact ${id} in ${code.platform} code`);
  return found;
}

export { createInstallCodeRenderer } from "./install-code-renderer";
export type {
  Artifact,
  InstallCode,
  InstallCodeRenderer,
  InstallCodeRendererOptions,
  RenderInput,
} from "./install-code.types";

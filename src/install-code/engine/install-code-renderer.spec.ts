import { join } from "node:path";
import { createInstallCodeRenderer } from "./index";
import type { RenderInput } from "./install-code.types";

const templatesDir = join(__dirname, "../../../templates");
const input: Omit<RenderInput, "platform"> = {
  pixelId: "pix_abcdef",
  name: "Pixel",
  description: null,
  config: { type: "pageview" },
};

describe("createInstallCodeRenderer", () => {
  const renderer = createInstallCodeRenderer({
    templatesDir,
    publicBaseUrl: "https://px.example.com/",
  });

  it("renders the artifacts the contract names for each platform", () => {
    const ids = (platform: RenderInput["platform"]) =>
      renderer.render({ ...input, platform }).artifacts.map((a) => a.id);
    expect(ids("javascript")).toEqual(["base", "event"]);
    expect(ids("gtm")).toEqual(["container", "tag", "data_layer"]);
    expect(ids("tealium")).toEqual(["extension", "data_layer", "variables"]);
  });

  it("answers with the pixel id, the platform, artifacts and instructions", () => {
    const code = renderer.render({ ...input, platform: "gtm" });
    expect(code.pixel_id).toBe("pix_abcdef");
    expect(code.platform).toBe("gtm");
    expect(code.instructions.length).toBeGreaterThan(2);
    for (const artifact of code.artifacts) {
      expect(Object.keys(artifact)).toEqual([
        "id",
        "title",
        "language",
        "filename",
        "content",
      ]);
      expect(artifact.content.endsWith("\n")).toBe(true);
    }
  });

  it("loads the tracker from PUBLIC_BASE_URL, whatever its trailing slash", () => {
    const base = renderer.render({ ...input, platform: "javascript" })
      .artifacts[0].content;
    expect(base).toContain('"https://px.example.com/t.js"');
    const event = renderer.render({ ...input, platform: "javascript" })
      .artifacts[1].content;
    expect(event).toContain(
      '"https://px.example.com/collect.gif?pixel_id=pix_abcdef&amp;type=pageview',
    );
  });

  it("refuses a PUBLIC_BASE_URL that is not a plain http(s) base", () => {
    for (const publicBaseUrl of [
      "localhost:3000",
      "javascript:alert(1)//",
      "ftp://x",
      "https://x/?a=1",
      "https://u:p@x",
    ]) {
      expect(() =>
        createInstallCodeRenderer({ templatesDir, publicBaseUrl }),
      ).toThrow(TypeError);
    }
  });

  it("fails at start-up when templates are missing", () => {
    expect(() =>
      createInstallCodeRenderer({
        templatesDir: __dirname,
        publicBaseUrl: "https://x",
      }),
    ).toThrow();
  });

  it("rejects an unknown platform", () => {
    expect(() =>
      renderer.render({ ...input, platform: "amp" as never }),
    ).toThrow(RangeError);
  });
});

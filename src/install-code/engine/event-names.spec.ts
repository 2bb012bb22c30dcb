import fc from "fast-check";
import { gtmEventName, tealiumEventName } from "./event-names";

describe("gtmEventName", () => {
  it("maps the builder's conversion types to GA4 recommended events", () => {
    expect(gtmEventName("purchase")).toBe("purchase");
    expect(gtmEventName("add_to_cart")).toBe("add_to_cart");
    expect(gtmEventName("begin_checkout")).toBe("begin_checkout");
    expect(gtmEventName("signup")).toBe("sign_up");
    expect(gtmEventName("lead")).toBe("generate_lead");
  });

  it("recognises them whatever the case, spaces or hyphens", () => {
    expect(gtmEventName("Sign up")).toBe("sign_up");
    expect(gtmEventName(" Add-to-cart ")).toBe("add_to_cart");
    expect(gtmEventName("PURCHASE")).toBe("purchase");
  });

  it("keeps types without a GA4 event, and valid custom names, as given", () => {
    for (const name of [
      "contact",
      "download",
      "subscribe",
      "newsletter_2024",
      "Demo_Request",
    ]) {
      expect(gtmEventName(name)).toBe(name);
    }
  });

  it("derives a safe name from any other text", () => {
    expect(gtmEventName("Demande de démo!")).toBe("Demande_de_demo");
    expect(gtmEventName("{{Click URL}}")).toBe("Click_URL");
    expect(gtmEventName("gtm.load")).toBe("gtm_load");
    expect(gtmEventName("2024 promo")).toBe("promo");
    expect(gtmEventName("🎉")).toBe("spx_conversion");
    expect(gtmEventName("__proto__")).toBe("proto");
    expect(gtmEventName("constructor")).toBe("constructor");
  });

  it("always gives a GA4-valid event name, never a GTM reference", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", minLength: 1, maxLength: 50 }),
        (type) => {
          expect(gtmEventName(type)).toMatch(/^[A-Za-z][A-Za-z0-9_]{0,39}$/);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("tealiumEventName", () => {
  it("uses Tealium's standard event names", () => {
    expect(tealiumEventName("purchase")).toBe("purchase");
    expect(tealiumEventName("add_to_cart")).toBe("cart_add");
    expect(tealiumEventName("begin_checkout")).toBe("checkout");
    expect(tealiumEventName("signup")).toBe("user_register");
    expect(tealiumEventName("subscribe")).toBe("email_signup");
  });

  it("sends anything else exactly as saved", () => {
    for (const name of [
      "lead",
      "contact",
      "download",
      'Request a "demo"',
      "__proto__",
      "toString",
    ]) {
      expect(tealiumEventName(name)).toBe(name);
    }
  });
});

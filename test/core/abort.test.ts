import { getEventListeners } from "node:events";
import { describe, expect, test } from "vitest";
import { onAbort, wait } from "../../src/core/abort.js";
import { trackTimers } from "../support/resources.js";

describe("onAbort", () => {
  test("an unsubscribe called twice leaves a later subscription to the same signal in place", () => {
    const controller = new AbortController();
    const stopFirst = onAbort(controller.signal, () => {});
    stopFirst();
    const heard: string[] = [];
    onAbort(controller.signal, () => heard.push("second"));
    stopFirst();
    controller.abort();
    expect(heard).toEqual(["second"]);
  });

  test("an unsubscribe called twice neither splits later subscriptions over two listeners nor leaks one", () => {
    const controller = new AbortController();
    const stopFirst = onAbort(controller.signal, () => {});
    stopFirst();
    const stopSecond = onAbort(controller.signal, () => {});
    stopFirst();
    const stopThird = onAbort(controller.signal, () => {});
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    stopSecond();
    stopThird();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  test("keeps one listener on a signal however many callbacks subscribe", () => {
    const controller = new AbortController();
    const stops = Array.from({ length: 100 }, () => onAbort(controller.signal, () => {}));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    for (const stop of stops) stop();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  test("notifies every callback still subscribed, once", () => {
    const controller = new AbortController();
    const calls: string[] = [];
    onAbort(controller.signal, () => calls.push("a"));
    const stopB = onAbort(controller.signal, () => calls.push("b"));
    onAbort(controller.signal, () => calls.push("c"));
    stopB();
    controller.abort();
    controller.abort();
    expect(calls).toEqual(["a", "c"]);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  test("subscribing again after an unsubscription starts a fresh listener", () => {
    const controller = new AbortController();
    onAbort(controller.signal, () => {})();
    let notified = false;
    onAbort(controller.signal, () => (notified = true));
    controller.abort();
    expect(notified).toBe(true);
  });
});

describe("wait", () => {
  test("resolves once the time has passed, leaving no timer", async () => {
    const signal = new AbortController().signal;
    expect(await trackTimers(() => wait(1, signal))).toEqual({
      outcome: { resolved: undefined },
      started: 1,
      pending: 0,
    });
    expect(await trackTimers(() => wait(1, undefined))).toEqual({
      outcome: { resolved: undefined },
      started: 1,
      pending: 0,
    });
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });

  test("resolves at once when the signal aborts, clearing its timer and listener", async () => {
    const controller = new AbortController();
    const report = await trackTimers(() => {
      const waiting = wait(600_000, controller.signal);
      controller.abort();
      return waiting;
    });
    expect(report).toEqual({ outcome: { resolved: undefined }, started: 1, pending: 0 });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  test("resolves without waiting, or starting a timer, for an already aborted signal", async () => {
    expect(await trackTimers(() => wait(600_000, AbortSignal.abort()))).toEqual({
      outcome: { resolved: undefined },
      started: 0,
      pending: 0,
    });
  });
});

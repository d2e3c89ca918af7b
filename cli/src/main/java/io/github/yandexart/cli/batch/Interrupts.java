package io.github.yandexart.cli.batch;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C (SIGINT) and SIGTERM (what a container runtime sends) for a batch: the first one stops
 * submitting and lets the run end cleanly (exit 3, resumable); a second one exits at once. Uses {@code sun.misc.Signal} (module jdk.unsupported), reached by
 * reflection so that the build stays warning-free; where it is missing, Ctrl-C ends the JVM as usual,
 * which the journal survives too (a submit in flight becomes AMBIGUOUS).
 */
final class Interrupts {
  private Interrupts() {}

  /**
   * Calls {@code first} on the first SIGINT or SIGTERM and {@code again} on every later one; false if
   * neither could be handled.
   */
  static boolean onInterrupt(Runnable first, Runnable again) {
    AtomicInteger count = new AtomicInteger();
    boolean any = false;
    for (String name : new String[] {"INT", "TERM"}) {
      any |= handle(name, count, first, again);
    }
    return any;
  }

  private static boolean handle(String name, AtomicInteger count, Runnable first, Runnable again) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance(name);
      InvocationHandler invocation = (proxy, method, args) -> {
        switch (method.getName()) {
          case "handle":
            if (count.incrementAndGet() == 1) {
              first.run();
            } else {
              again.run();
            }
            return null;
          case "hashCode":
            return System.identityHashCode(proxy);
          case "equals":
            return proxy == args[0];
          default:
            return "batch interrupt handler";
        }
      };
      Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
          invocation);
      signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
  }
}

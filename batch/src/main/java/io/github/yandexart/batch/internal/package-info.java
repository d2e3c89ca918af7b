/** Journal implementations; not public API. */
package io.github.yandexart.batch.internal;

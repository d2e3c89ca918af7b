/** The README's Spring Boot example: an application that uses the starter. */
package io.github.yandexart.examples.spring;

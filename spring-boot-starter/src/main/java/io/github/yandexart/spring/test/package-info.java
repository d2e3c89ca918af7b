/**
 * Test support for Spring Boot applications: {@link
 * io.github.yandexart.spring.test.AutoConfigureYandexArtFake} swaps the testkit's fake in for the
 * real transport.
 */
package io.github.yandexart.spring.test;

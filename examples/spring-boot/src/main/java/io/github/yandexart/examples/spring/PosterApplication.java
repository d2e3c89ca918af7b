package io.github.yandexart.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot application that makes posters with YandexART, through the starter. */
@SpringBootApplication
public class PosterApplication {
  public static void main(String[] args) {
    SpringApplication.run(PosterApplication.class, args);
  }
}

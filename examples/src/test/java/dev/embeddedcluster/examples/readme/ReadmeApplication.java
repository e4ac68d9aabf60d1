package dev.embeddedcluster.examples.readme;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application {@link SpringTest} starts: Spring Boot's defaults and nothing else. */
@SpringBootApplication
class ReadmeApplication {
}

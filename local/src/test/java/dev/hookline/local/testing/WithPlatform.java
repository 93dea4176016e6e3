package dev.hookline.local.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Runs the test class against the local platform (started once per JVM and backend); inject {@link TestPlatform}. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(LocalPlatformExtension.class)
public @interface WithPlatform {
    Backend value() default Backend.EMBEDDED;
}

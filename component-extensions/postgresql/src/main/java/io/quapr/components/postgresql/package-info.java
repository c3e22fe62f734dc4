/**
 * Connection code shared by the PostgreSQL components ({@code state.postgresql},
 * {@code configuration.postgresql}): daprd's connection string and override fields read into the
 * Vert.x client's options. Not a component package: it holds no {@code @ComponentType}.
 */
package io.quapr.components.postgresql;

# Rebound's services (generate, aggregate, dashboard, run, ...) in one image: `rebound <command>`.
#   docker build -t rebound .      (docker compose builds it for you)
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /opt/rebound
COPY --from=build /src/services/cli/target/rebound.jar /opt/rebound/rebound.jar
COPY --from=build /src/services/cli/target/lib /opt/rebound/lib
COPY scenarios /opt/rebound/scenarios
ENV REBOUND_HOME=/opt/rebound
ENTRYPOINT ["java", "-Xmx1g", "-jar", "/opt/rebound/rebound.jar"]
CMD ["--help"]

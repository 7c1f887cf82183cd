package dev.sseetl.internal;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.sseetl.CommitResult;
import dev.sseetl.CommitOptions;
import dev.sseetl.ErrorCode;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportException;
import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import dev.sseetl.internal.ImportLifecycle.Transition;
import dev.sseetl.progress.InMemoryProgressStore;
import dev.sseetl.spi.ImportRepository;
import dev.sseetl.stage.DiskStagingStore;
import dev.sseetl.store.InMemoryImportRepository;
import dev.sseetl.store.LocalFileStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static dev.sseetl.ImportState.BUFFERED;
import static dev.sseetl.ImportState.BUFFERING;
import static dev.sseetl.ImportState.CANCELLED;
import static dev.sseetl.ImportState.COMMITTED;
import static dev.sseetl.ImportState.COMMITTING;
import static dev.sseetl.ImportState.FAILED;
import static dev.sseetl.ImportState.UPLOADED;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lifecycle table, and the lifecycle applying it to stored imports. */
class ImportLifecycleTest {
    @TempDir
    Path work;

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    private ImportStores stores;
    private ImportLifecycle lifecycle;

    @BeforeEach
    void stores() {
        stores = new ImportStores(new LocalFileStore(work.resolve("uploads")),
                new DiskStagingStore(work.resolve("staging")), new InMemoryProgressStore(),
                new InMemoryImportRepository());
        lifecycle = new ImportLifecycle(stores, clock);
    }

    private String anImportIn(ImportState state) {
        String id = "import-" + state;
        stores.repository().insert(new ImportJob(id, "people", "ada", "people.csv", FileFormat.CSV, null, state,
                clock.instant(), clock.instant(), null, null));
        stores.files().save(id, new ByteArrayInputStream("Name\nAda\n".getBytes()), 1_000);
        return id;
    }

    private ImportState stateOf(String id) {
        return stores.repository().find(id).orElseThrow().state();
    }

    private ProgressReporter reporter(String id, Phase phase) {
        return new ProgressReporter.Factory(stores.progress(), Duration.ZERO).immediate(id, phase);
    }

    /** Every state change in one place: if another class moves an import, this fails. */
    @Test
    void onlyTheLifecycleChangesAnImportsState() {
        JavaClasses core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sseetl");
        noClasses().that().doNotHaveFullyQualifiedName(ImportLifecycle.class.getName())
                .should().callMethodWhere(JavaCall.Predicates.target(HasName.Predicates.name("transition"))
                        .and(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                                JavaClass.Predicates.assignableTo(ImportRepository.class)))))
                .because("ImportLifecycle owns the allowed transitions and applies every one of them")
                .check(core);
    }

    @Test
    void theTableHoldsExactlyTheAllowedMoves() {
        assertThat(Arrays.stream(Transition.values()).map(t -> t.from() + "->" + t.to())).containsExactly(
                "UPLOADED->BUFFERING", "BUFFERING->BUFFERED", "BUFFERED->COMMITTING", "FAILED->COMMITTING",
                "COMMITTING->BUFFERED",
                "COMMITTING->COMMITTED", "BUFFERING->FAILED", "UPLOADED->FAILED", "COMMITTING->FAILED",
                "UPLOADED->CANCELLED",
                "BUFFERING->CANCELLED", "COMMITTING->CANCELLED");
    }

    @ParameterizedTest
    @EnumSource(Transition.class)
    void everyAllowedTransitionIsFoundBetweenItsStates(Transition transition) {
        assertThat(Transition.between(transition.from(), transition.to())).isSameAs(transition);
        assertThat(transition.name()).isEqualTo(transition.from() + "_TO_" + transition.to());
    }

    @ParameterizedTest
    @EnumSource(Transition.class)
    void everyAllowedTransitionMovesAStoredImport(Transition transition) {
        String id = anImportIn(transition.from());
        // one case per constant: a new transition does not compile here until it has its lifecycle call
        Optional<ImportJob> moved = switch (transition) {
            case UPLOADED_TO_BUFFERING -> lifecycle.startBuffering(id);
            case BUFFERING_TO_BUFFERED -> lifecycle.endBuffered(id, reporter(id, Phase.BUFFER))
                    ? stores.repository().find(id) : Optional.empty();
            case BUFFERED_TO_COMMITTING -> Optional.of(lifecycle.startCommit(id));
            case FAILED_TO_COMMITTING -> {
                stores.repository().saveCommitOptions(id, CommitOptions.defaults()); // it failed committing
                yield Optional.of(lifecycle.startCommit(id));
            }
            case COMMITTING_TO_BUFFERED -> {
                lifecycle.commitNotStarted(id, 7);
                yield stores.repository().find(id);
            }
            case COMMITTING_TO_COMMITTED -> lifecycle.endCommitted(id, reporter(id, Phase.COMMIT), null)
                    ? stores.repository().find(id) : Optional.empty();
            case UPLOADED_TO_FAILED -> lifecycle.endSilent(id, "Its server stopped.",
                    ProgressSnapshot.starting(id, Phase.BUFFER, 0)) ? stores.repository().find(id) : Optional.empty();
            case BUFFERING_TO_FAILED, COMMITTING_TO_FAILED -> {
                lifecycle.endFailed(id, transition.from(), "Row 2: broken.", () -> "not asked",
                        reporter(id, Phase.BUFFER), null);
                yield stores.repository().find(id);
            }
            case UPLOADED_TO_CANCELLED, BUFFERING_TO_CANCELLED, COMMITTING_TO_CANCELLED ->
                    lifecycle.cancel(id, "Stopped.") ? stores.repository().find(id) : Optional.empty();
        };
        assertThat(moved).map(ImportJob::state).contains(transition.to());
        assertThat(stateOf(id)).isEqualTo(transition.to());
    }

    @Test
    void everyOtherMoveIsIllegalAndSaysSo() {
        int illegal = 0;
        for (ImportState from : ImportState.values()) {
            for (ImportState to : ImportState.values()) {
                boolean allowed = Arrays.stream(Transition.values()).anyMatch(t -> t.from() == from && t.to() == to);
                if (!allowed) {
                    assertThatThrownBy(() -> Transition.between(from, to)).isInstanceOf(IllegalStateException.class)
                            .hasMessage("Illegal state transition from " + from + " to " + to);
                    illegal++;
                }
            }
        }
        assertThat(illegal).isEqualTo(ImportState.values().length * ImportState.values().length
                - Transition.values().length);
    }

    @Test
    void endingAsFailedFromAStateThatCannotFailIsIllegal() {
        String id = anImportIn(COMMITTED);
        assertThatThrownBy(() -> lifecycle.endFailed(id, COMMITTED, "late", () -> "x", reporter(id, Phase.COMMIT),
                null)).hasMessage("Illegal state transition from COMMITTED to FAILED");
        assertThat(stateOf(id)).isEqualTo(COMMITTED);
    }

    @Test
    void cancellingComesFromEveryRunningStateAndNoOther() {
        assertThat(Transition.into(CANCELLED)).extracting(Transition::from)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ImportState.values())
                        .filter(ImportState::isRunning).toList());
        for (ImportState ended : List.of(BUFFERED, COMMITTED, FAILED, CANCELLED)) {
            String id = anImportIn(ended);
            assertThat(lifecycle.cancel(id, "Stopped.")).as("%s", ended).isFalse();
            assertThat(stateOf(id)).isEqualTo(ended);
        }
    }

    @Test
    void aMoveFromAnotherStateChangesNothing() {
        String id = anImportIn(CANCELLED);
        assertThat(lifecycle.startBuffering(id)).isEmpty();
        assertThat(lifecycle.endBuffered(id, reporter(id, Phase.BUFFER))).isFalse();
        assertThat(lifecycle.endCommitted(id, reporter(id, Phase.COMMIT), null)).isFalse();
        assertThat(stateOf(id)).isEqualTo(CANCELLED);
    }

    @Test
    void aRefusedCommitSaysWhy() {
        String committing = anImportIn(COMMITTING);
        assertThatThrownBy(() -> lifecycle.startCommit(committing))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessage("Import " + committing + " is already committing.");
        String buffering = anImportIn(BUFFERING);
        assertThatThrownBy(() -> lifecycle.startCommit(buffering))
                .hasMessage("Import " + buffering + " is not buffered yet; commit it once buffering has completed.");
        assertThatThrownBy(() -> lifecycle.startCommit("gone"))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void aCommitThatCouldNotStartLeavesTheImportBufferedWithAStartingSnapshot() {
        String id = anImportIn(BUFFERED);
        lifecycle.startCommit(id);
        lifecycle.commitNotStarted(id, 42);
        assertThat(stateOf(id)).isEqualTo(BUFFERED);
        ProgressSnapshot snapshot = stores.progress().get(id, Phase.COMMIT).orElseThrow();
        assertThat(snapshot.total()).isEqualTo(42);
        assertThat(snapshot.processed()).isZero();
    }

    @Test
    void failingStoresTheFailedSnapshotAndDeletesTheFile() {
        String id = anImportIn(BUFFERING);
        lifecycle.endFailed(id, BUFFERING, "Row 3: no.", () -> "not asked", reporter(id, Phase.BUFFER), null);
        ImportJob job = stores.repository().find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(FAILED);
        assertThat(job.message()).isEqualTo("Row 3: no.");
        assertThat(job.endedAt()).isEqualTo(clock.instant());
        assertThat(stores.progress().get(id, Phase.BUFFER).orElseThrow().status()).isEqualTo(ProgressStatus.FAILED);
        assertThat(stores.files().localPath(id)).doesNotExist();
    }

    @Test
    void failingAfterACancelEndsCancelledWithTheCancelReason() {
        String id = anImportIn(COMMITTING);
        lifecycle.cancel(id, "Stopped by Ada.");
        CommitResult result = new CommitResult(0, 0, 0, 5, 0, null, null);
        lifecycle.endFailed(id, COMMITTING, "Row 1: refused.", () -> "Stopped by Ada.", reporter(id, Phase.COMMIT),
                result);
        assertThat(stateOf(id)).isEqualTo(CANCELLED);
        ProgressSnapshot snapshot = stores.progress().get(id, Phase.COMMIT).orElseThrow();
        assertThat(snapshot.status()).isEqualTo(ProgressStatus.CANCELLED);
        assertThat(snapshot.message()).isEqualTo("Stopped by Ada.");
        assertThat(snapshot.result()).isEqualTo(result);
    }

    @Test
    void endingCancelledAfterADiscardKeepsNothing() {
        String id = anImportIn(BUFFERING);
        stores.repository().delete(id);
        lifecycle.endCancelled(id, "The import was discarded.", reporter(id, Phase.BUFFER), null);
        assertThat(stores.progress().get(id, Phase.BUFFER)).isEmpty();
        assertThat(stores.repository().find(id)).isEmpty();
    }

    @Test
    void theCancelReasonIsTheHandlesThenTheStoredMessageThenAPlainOne() {
        String id = anImportIn(BUFFERING);
        assertThat(lifecycle.cancelReason(id, new JobHandle(false))).isEqualTo("The import was cancelled.");
        lifecycle.cancel(id, "Another node stopped it.");
        assertThat(lifecycle.cancelReason(id, new JobHandle(false))).isEqualTo("Another node stopped it.");
        JobHandle handle = new JobHandle(false);
        handle.cancel("Ada stopped it.");
        assertThat(lifecycle.cancelReason(id, handle)).isEqualTo("Ada stopped it.");
    }

    @Test
    void stagedRowsAreReadableFromBufferedOn() {
        for (ImportState state : EnumSet.of(BUFFERED, COMMITTING, COMMITTED)) {
            lifecycle.requireStaged(stores.repository().find(anImportIn(state)).orElseThrow(), "preview");
        }
        ImportJob uploaded = stores.repository().find(anImportIn(UPLOADED)).orElseThrow();
        assertThatThrownBy(() -> lifecycle.requireStaged(uploaded, "preview"))
                .hasMessage("Import " + uploaded.id() + " is still buffering; preview it once buffering has completed.");
    }
}

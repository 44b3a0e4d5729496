package io.freelock.console;

import static org.owasp.encoder.Encode.forHtml;
import static org.owasp.encoder.Encode.forHtmlAttribute;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.freelock.consensus.EngineStats;
import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameEngineFactory;
import io.freelock.consensus.Participant;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Web Console page {@value #LABEL}: every open game with its version, hash, whether its rules are bound, how far its
 * journal trails, its open proposals with their votes, and its recent commits. It only reads: games change through
 * their players' signed proposals, never from the console.
 */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=" + GamesPage.LABEL,
    "felix.webconsole.title=Games",
    "felix.webconsole.category=Freelock"
})
public final class GamesPage extends HttpServlet {

    static final String LABEL = "freelock-games";
    private static final long serialVersionUID = 1L;

    private final transient GameEngineFactory factory;
    private final transient RecentCommits recent = new RecentCommits();

    @Activate
    public GamesPage(@Reference GameEngineFactory factory) {
        this.factory = factory;
        recent.start(factory::engines);
    }

    @Deactivate
    void deactivate() {
        recent.close();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = Html.inConsole(response);
        List<GameEngine<?, ?>> engines = factory.engines();
        recent.watch(engines);
        if (engines.isEmpty()) {
            out.println("<p>No game is open. Rules registered for: " + forHtml(String.valueOf(factory.gameTypes())) + "</p>");
            return;
        }
        summary(out, engines);
        for (GameEngine<?, ?> engine : engines) {
            details(out, engine);
        }
    }

    private void summary(PrintWriter out, List<GameEngine<?, ?>> engines) {
        out.println("<table id='games' class='nicetable'><thead>");
        Html.row(out, "th", "Game", "Type", "Rules", "Version", "Hash", "Journal lag", "Open proposals", "Committed",
                "Refused", "Participants");
        out.println("</thead><tbody>");
        for (GameEngine<?, ?> engine : engines) {
            Snapshot<?> now = engine.current();
            EngineStats stats = engine.stats();
            OptionalLong lag = stats.journalLag();
            out.print("<tr data-game='" + forHtmlAttribute(engine.gameId()) + "'>");
            Html.cell(out, "name", engine.gameId());
            Html.cell(out, "type", engine.gameType());
            Html.cell(out, "rules", engine.rulesAvailable() ? "bound" : "ABSENT");
            Html.cell(out, "version", Long.toString(now.version()));
            out.print("<td class='hash' title='" + forHtmlAttribute(now.hash().toString()) + "'>"
                    + forHtml(now.hash().shortHex()) + "</td>");
            Html.cell(out, "lag", lag.isPresent() ? Html.count(lag.getAsLong()) : "no journal");
            Html.cell(out, "open", Long.toString(stats.proposalsOpen()));
            Html.cell(out, "committed", Html.count(stats.transitions()));
            Html.cell(out, "refused", Html.count(stats.refusedOperations()));
            Html.cell(out, "participants", engine.participants().stream().map(Participant::id).collect(Collectors.joining(", ")));
            out.println("</tr>");
        }
        out.println("</tbody></table>");
    }

    private void details(PrintWriter out, GameEngine<?, ?> engine) {
        String id = engine.gameId();
        out.println("<h2>" + forHtml(id) + "</h2>");
        List<ProposalState> open = engine.proposals();
        if (open.isEmpty()) {
            out.println("<p>No open proposal.</p>");
        } else {
            Instant now = Instant.now();
            out.println("<table class='nicetable proposals'><thead>");
            Html.row(out, "th", "Proposal", "Proposer", "Status", "For", "Against", "Expires in", "Operation");
            out.println("</thead><tbody>");
            for (ProposalState p : open) {
                Html.row(out, "td", p.id().shortHex(), p.proposal().proposerId(), p.status(),
                        p.votesFor() + " of " + p.votesToCommit(), p.votesAgainst() + " of " + p.votesToReject(),
                        Html.seconds(Duration.between(now, p.deadline())), operation(engine, p.proposal().operation()));
            }
            out.println("</tbody></table>");
        }
        List<RecentCommits.Line> commits = recent.of(id);
        out.println("<p>Recent commits (seen since " + forHtml(recent.since(id).toString()) + "):</p>");
        if (!commits.isEmpty()) {
            out.println("<table class='nicetable commits'><thead>");
            Html.row(out, "th", "Version", "Hash", "Operation", "At");
            out.println("</thead><tbody>");
            for (RecentCommits.Line line : commits) {
                Html.row(out, "td", line.version(), line.hash(), line.operation(), line.at());
            }
            out.println("</tbody></table>");
        }
    }

    private static <S, O> String operation(GameEngine<S, O> engine, byte[] encoded) {
        try {
            return engine.describeOperation(engine.decodeOperation(encoded));
        } catch (RefusedException e) {
            return encoded.length + " bytes (" + e.reason() + ")";
        }
    }
}

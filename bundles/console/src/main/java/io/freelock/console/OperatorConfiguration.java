package io.freelock.console;

import java.util.Hashtable;
import java.util.Optional;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's operator, as ConfigAdmin holds it (PID {@value #PID}). A configuration it accepts registers the
 * {@link OperatorLogin} security provider, and so opens the Web Console; one it refuses (no user, a weak or malformed
 * hash) registers nothing, logs one line, and {@link #problem()} says why, for the locked console's page. Checking
 * here, rather than failing in the provider's constructor, keeps a bad file from registering a provider that cannot
 * be created (the Web Console would count it as present) and from printing Declarative Services' stack traces.
 * Every new configuration makes a new provider, so the sessions logged in under the old one end.
 */
@Component(service = OperatorConfiguration.class, immediate = true, configurationPid = OperatorConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = OperatorConfiguration.Operator.class)
public final class OperatorConfiguration {

    static final String PID = "io.freelock.console";
    private static final Logger LOG = LoggerFactory.getLogger(OperatorConfiguration.class);

    @ObjectClassDefinition(name = "Freelock console operator",
            description = "Who may use the Web Console at /system/console. Until this is set, the console serves nothing.")
    public @interface Operator {
        @AttributeDefinition(name = "User", description = "The operator's user name.")
        String user();

        @AttributeDefinition(name = "Password hash", type = AttributeType.PASSWORD,
                description = "pbkdf2-sha256:<iterations>:<salt hex>:<key hex>, as scripts/console-password prints it; "
                        + "at least 100000 iterations, 16 bytes of salt and a 32-byte key. Kept private: never a service property.")
        String _passwordHash(); // NOSONAR: the leading underscore makes the property ".passwordHash", which DS keeps private
    }

    private final Optional<String> problem;
    private final ServiceRegistration<SecurityProvider> registration;

    @Activate
    public OperatorConfiguration(BundleContext context, Operator operator) {
        OperatorLogin login = null;
        String refused = null;
        try {
            login = new OperatorLogin(checkedUser(operator.user()), checkedHash(operator._passwordHash()));
        } catch (IllegalArgumentException wrong) {
            refused = wrong.getMessage();
            LOG.warn("freelock console: the operator configuration is refused, so the "
                    + "console stays locked: " + refused);
        }
        this.problem = Optional.ofNullable(refused);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(SecurityProvider.PROPERTY_ID, OperatorLogin.PROVIDER_ID);
        this.registration = login == null ? null : context.registerService(SecurityProvider.class, login, properties);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it first
            }
        }
    }

    /** @return why the configuration does not open the console; empty if it does */
    Optional<String> problem() {
        return problem;
    }

    private static String checkedUser(String user) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException(PID + ": 'user' is missing or empty");
        }
        return user;
    }

    private static PasswordHash checkedHash(String hash) {
        if (hash == null) {
            throw new IllegalArgumentException(PID + ": '.passwordHash' is missing");
        }
        try {
            return PasswordHash.parse(hash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": '.passwordHash' is wrong: " + e.getMessage());
        }
    }
}

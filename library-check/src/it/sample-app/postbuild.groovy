// After the sample build: the BOM manages exactly the library modules of the reactor (every module but the
// BOM, cli, benchmarks, test-support and this check), and the temporary local repository holds the BOM and, for
// every library, its jar (with its Automatic-Module-Name), its sources jar and its javadoc jar.
import java.util.jar.JarFile
import javax.xml.parsers.DocumentBuilderFactory

// the text of every element at this slash-separated path below the root (groovy-xml is not on the script's path)
def texts = { File xml, String path ->
    def nodes = [DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml).documentElement]
    path.split('/').each { name ->
        nodes = nodes.collectMany { node ->
            def children = node.childNodes
            (0..<children.length).collect { children.item(it) }.findAll { it.nodeName == name } }
    }
    nodes*.textContent*.trim()
}

def notLibraries = ['bom', 'cli', 'benchmarks', 'test-support', 'library-check']
// a module below a folder (integrations/langchain4j) is named by its last path segment
def libraries = texts(new File(basedir, '../../../../pom.xml'), 'modules/module')
        .collect { it.tokenize('/').last() }
        .findAll { !(it in notLibraries) }
def problems = []
if (libraries.size() < 8) problems << "only ${libraries} found in the parent POM"

def version = toolkitVersion
def base = new File(localRepositoryPath, 'dev/progressivebackoff')
def bom = new File(base, "progressive-backoff-bom/${version}/progressive-backoff-bom-${version}.pom")
if (bom.isFile()) {
    def managed = texts(bom, 'dependencyManagement/dependencies/dependency/artifactId')
    def expected = libraries.collect { "progressive-backoff-${it}" }
    if (managed.sort() != expected.sort()) problems << "the BOM manages ${managed}, the libraries are ${expected}"
} else {
    problems << "no BOM at ${bom}"
}
libraries.each { module ->
    def dir = new File(base, "progressive-backoff-${module}/${version}")
    ['', '-sources', '-javadoc'].each { suffix ->
        def jar = new File(dir, "progressive-backoff-${module}-${version}${suffix}.jar")
        if (!jar.isFile()) problems << "missing ${jar.name}"
    }
    def main = new File(dir, "progressive-backoff-${module}-${version}.jar")
    def expectedName = 'dev.progressivebackoff.' + module.replace('-', '.')
    if (main.isFile()) {
        def name = new JarFile(main).withCloseable { it.manifest.mainAttributes.getValue('Automatic-Module-Name') }
        if (name != expectedName) problems << "${main.name}: Automatic-Module-Name ${name}, not ${expectedName}"
    }
}
if (!new File(basedir, 'target/classes/example/SampleApp.class').isFile()) problems << 'the sample did not compile'
if (problems) throw new AssertionError('library check failed: ' + problems.join('; '))
return true
